"""zhoubao.cli."""
