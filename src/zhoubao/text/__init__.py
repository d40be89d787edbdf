"""zhoubao.text."""
