"""What an option costs: API blends, TCO, cost functions and curves, the one evaluation, break-even,
payback, schedules over months, the advisor."""
