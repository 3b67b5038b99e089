"""What hardware does with a model: memory, KV cache, roofline decode and prefill, engines,
speculative decoding, plausibility of a claimed throughput, calibration."""
