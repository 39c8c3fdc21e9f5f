from jiceng.core.exports import csv_cell, csv_text


def test_csv_cell():
    assert [csv_cell(v) for v in ["=1", "+1", "-1", "@a", "\t=1", "＝1", "张三", 5, "a=b", "a\x00b"]] == [
        "'=1", "'+1", "'-1", "'@a", "'\t=1", "'＝1", "张三", 5, "a=b", "ab"]  # fmt: skip


def test_csv_text():
    assert csv_text([["序号", "评议对象"], [1, "=张三"]]) == "序号,评议对象\n1,'=张三\n"
