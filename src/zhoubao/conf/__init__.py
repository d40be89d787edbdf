"""zhoubao.conf."""
