"""Authenticator app exports (Aegis, 2FAS, andOTP, otpauth lists, Google's transfer QR)."""
