"""Dictionary data of the 网络视听 beat (beat.toml); read by zhoubao.text.gazetteer."""
