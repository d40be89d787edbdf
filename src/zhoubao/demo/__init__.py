"""zhoubao.demo."""
