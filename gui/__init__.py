"""InferCost front ends: the Qt desktop app and the command line."""
