"""innograph's middle floor: source documents → records → resolution → triples."""
