"""zhoubao.compose."""
