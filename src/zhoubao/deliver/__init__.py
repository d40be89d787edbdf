"""zhoubao.deliver."""
