"""Negotiation models fed from the extracted positions: compromise, expected utility, spatial bargaining."""
