"""zhoubao.render."""
