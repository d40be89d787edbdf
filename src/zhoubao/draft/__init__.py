"""zhoubao.draft."""
