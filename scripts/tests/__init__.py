"""Unit tests of scripts/manifests/ (make manifests-check runs them first):
python3 -m unittest discover -s scripts/tests -t scripts"""
