"""What an input is and what it holds: bytes to text, lines, detection, the providers'
code files and the authenticator apps' exports."""
