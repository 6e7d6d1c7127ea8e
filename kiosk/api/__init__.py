"""The contract both processes import: request and answer models, error codes, event
names and what each role's stream carries, the rating scale."""
