"""Talent meets companies: job openings and their applicants, the public job board, saved
searches with e-mail alerts, and talent requests that center staff answer with a shortlist.

Ranking and explanations come from ``talentcenter.matching``; this app turns openings and
requests into its queries and keeps the openings' index rows in step (services/openings.py).
"""
