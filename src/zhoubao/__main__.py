"""python -m zhoubao: the same as the zhoubao command."""

import sys

from zhoubao.cli.main import main

sys.exit(main())
