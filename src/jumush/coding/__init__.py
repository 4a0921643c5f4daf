"""Occupation coding: free-text job titles in Kyrgyz, Russian or English to ISCO-08 unit groups
and ESCO occupations. Pure Python: no Django, no database (see coder.py)."""
