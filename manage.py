#!/usr/bin/env python3
from massline.cli import main

if __name__ == "__main__":
    main()
