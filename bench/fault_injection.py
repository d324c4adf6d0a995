"""Kill imports and submissions at random moments, resume, count losses and duplicates:

    python bench/fault_injection.py --trials 20

The trials themselves are in testkit/fault_injection.py (the test suite runs a few)."""

from testkit.fault_injection import main

if __name__ == "__main__":
    main()
