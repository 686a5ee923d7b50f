"""The knowledge the bot ships with: the seed articles and the curated knowledge file.

A package only so that `pip install .` carries these files along; nothing here is code.
"""
