"""innograph's ground floor: vocabulary, the Oxigraph store and everything computed from it."""
