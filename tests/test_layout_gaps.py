"""What blank lines mean: double spacing (blanks that mean nothing) against
region-by-region output (a blank after every region, each region its own width)."""

from __future__ import annotations

from reflow import layout
from reflow.lines import split_lines
from reflow.options import Options


def _gaps(text: str) -> list[int]:
    table, found = layout.split_markers(split_lines(text))
    return layout.line_features(table, found, Options()).gap


def test_a_double_spaced_column_has_blanks_that_mean_nothing():
    text = "\n\n".join([
        "这段时间，市政协委员、市戏剧传", "承中心副主任颜映雪一直在忙碌着。她", "带领中心团队积极开展艺术创作，相继",
        "推出公益歌曲《心在一起，爱在一起》、", "花鼓戏《我来唱个咚咚攀》、朗诵作品", "《我们一定能战胜你》等节目。",
    ])
    assert _gaps(text) == [0] * 6


def test_regions_of_many_widths_keep_their_blanks():
    # A headline, a subtitle, a line cut short, a paragraph's first line: one
    # blank after each, but no column: region by region output, not double spacing.
    text = "\n\n".join([
        "财政局：明年预算编制启动", "各部门须在月底前报送材料，严控支出", "本报记者 张三",
        "本报记者获悉，明年部门预算编制工作正式启动，各部",
        "市财政局昨天发布通知，明年部门预算编制工作正式启动，各部门须在本月\n底前报送预算材料，逾期不予受理。",
    ])
    assert _gaps(text) == [0, 1, 1, 1, 1, 0]
