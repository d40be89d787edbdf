"""zhoubao.jobs."""
