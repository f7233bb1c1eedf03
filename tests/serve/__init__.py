"""`scenarios serve`: the guard, the routes, and the trainer in a real browser."""
