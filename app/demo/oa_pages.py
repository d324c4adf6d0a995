"""HTML of the demo legacy OA, in GBK, with knobs for the mutated variants healing is tested on.

A variant changes what a vendor upgrade changes: ids and names, classes, wrapper elements,
label wording, row order, and frameset → iframes. Behaviour stays the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from importlib import resources

VARIANTS = ("base", "renamed", "classes", "wrapped", "reworded", "reordered", "iframe", "combined")


@dataclass(frozen=True)
class Look:
    renamed: bool = False
    classes: bool = False
    wrapped: bool = False
    reworded: bool = False
    reordered: bool = False
    iframe: bool = False

    @classmethod
    def of(cls, variant: str) -> Look:
        if variant not in VARIANTS:
            raise ValueError(f"unknown demo variant {variant!r}; choose from {', '.join(VARIANTS)}")
        if variant == "combined":
            return cls(renamed=True, classes=True, wrapped=True, reworded=True)
        if variant == "base":
            return cls()
        return cls(**{variant: True})

    def id(self, name: str) -> str:
        return f"f_{name}_v2" if self.renamed else name

    def cls(self, name: str) -> str:
        return f"x-{name}-2024" if self.classes else name

    def label(self, base: str, reworded: str) -> str:
        return reworded if self.reworded else base

    def wrap(self, html: str) -> str:
        return (
            f'<span class="fld"><span class="inner">{html}</span></span>' if self.wrapped else html
        )


STYLE = """
body{font:13px SimSun,"WenQuanYi Zen Hei",sans-serif;margin:0;background:#eef3f8}
.box{background:#fff;border:1px solid #9ab;margin:12px;padding:10px}
table.form td{padding:4px 6px} table.grid{border-collapse:collapse}
table.grid td,table.grid th{border:1px solid #9ab;padding:3px 6px}
.btn,.x-btn-2024{background:#3a6ea5;color:#fff;border:0;padding:4px 14px;cursor:pointer}
#calendar{position:absolute;background:#fff;border:1px solid #666;padding:4px;display:none}
#calendar td{cursor:pointer;padding:2px 5px}
"""


def page(title: str, body: str, script: str = "") -> str:
    return (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=GBK">'
        f"<title>{escape(title)}</title><style>{STYLE}</style>"
        f"<script>{script}</script></head><body>{body}</body></html>"
    )


def login(look: Look, message: str = "") -> str:
    user, pw, cap = look.id("username"), look.id("password"), look.id("captcha")
    field = look.wrap
    rows = [
        f'<tr><td><label for="{user}">{look.label("用户名", "登录账号")}</label></td>'
        f'<td>{field(f"""<input id="{user}" name="{user}" class="{look.cls("input")}">""")}'
        "</td></tr>",
        f'<tr><td><label for="{pw}">{look.label("密码", "登录密码")}</label></td>'
        f'<td>{field(f"""<input id="{pw}" name="{pw}" type="password">""")}</td></tr>',
        f'<tr><td><label for="{cap}">验证码</label></td><td>'
        f'{field(f"""<input id="{cap}" name="{cap}" size="6" autocomplete="off">""")} '
        '<img id="captcha_img" src="/captcha.png" alt="验证码" width="90" height="32"></td></tr>',
    ]
    if look.reordered:
        rows = [rows[1], rows[0], rows[2]]
    alert = f"alert({message!r});" if message else ""
    body = (
        '<div class="box"><h3>账房示例 OA 系统</h3>'
        f'<form method="post" action="/login.do" accept-charset="GBK"><table class="form">'
        f"{''.join(rows)}</table>"
        f'<input type="submit" class="{look.cls("btn")}" value="{look.label("登录", "进入系统")}">'
        "</form></div>"
    )
    return page("登录 - 示例OA", body, f"window.onload=function(){{{alert}}};")


def frameset(look: Look) -> str:
    if look.iframe:
        body = (
            '<iframe name="top" src="/top.do" style="width:100%;height:50px;border:0"></iframe>'
            '<div style="display:flex"><iframe name="menu" src="/menu.do" '
            'style="width:160px;height:600px;border:0"></iframe>'
            '<iframe name="main" src="/welcome.do" style="flex:1;height:600px;border:0"></iframe>'
            "</div>"
        )
        return page("示例OA", body)
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN"><html><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK"><title>示例OA</title>'
        '</head><frameset rows="50,*"><frame name="top" src="/top.do">'
        '<frameset cols="160,*"><frame name="menu" src="/menu.do">'
        '<frame name="main" src="/welcome.do"></frameset></frameset></html>'
    )


def top(user: str) -> str:
    return page(
        "top",
        f'<div style="padding:12px">示例 OA · 当前用户：{escape(user)} '
        '<a href="/logout.do" target="_top">退出</a></div>',
    )


def menu(look: Look) -> str:
    new = look.label("报销申请", "费用报销")
    mine = look.label("我的报销单", "报销记录")
    return page(
        "menu",
        '<div class="box"><ul>'
        f'<li><a id="{look.id("menu_new")}" href="/claim/new.do" target="main">{new}</a></li>'
        f'<li><a id="{look.id("menu_list")}" href="/claim/list.do" target="main">{mine}'
        "</a></li></ul></div>",
    )


def welcome() -> str:
    return page("welcome", '<div class="box">欢迎使用示例 OA。请从左侧菜单选择功能。</div>')


CALENDAR_JS = resources.files("app.demo").joinpath("static/calendar.js").read_text("utf-8")


def claim_form(look: Look, user: str) -> str:
    ids = {
        k: look.id(k)
        for k in (
            "department",
            "claim_type",
            "claim_date",
            "invoice_no",
            "amount",
            "reason",
            "attachment_id",
            "lines",
            "add_line",
            "approver",
        )
    }
    field = look.wrap
    depts = "".join(
        f'<option value="{d}">{d}</option>' for d in ("财务部", "销售部", "技术部", "行政部")
    )
    types = "".join(
        f'<label><input type="radio" name="{ids["claim_type"]}" value="{t}">{t}</label> '
        for t in ("差旅费", "业务招待费", "办公费", "交通费")
    )
    department = field(
        f'<select id="{ids["department"]}" name="{ids["department"]}">'
        f'<option value="">请选择</option>{depts}</select>'
    )
    claim_date = field(
        f'<input id="{ids["claim_date"]}" name="{ids["claim_date"]}" readonly '
        'placeholder="点击日历选择">'
    )
    calendar_button = (
        f'<button type="button" class="{look.cls("cal")}" '
        f"onclick=\"openCal('{ids['claim_date']}',this)\">日历</button>"
    )
    invoice_no = field(f'<input id="{ids["invoice_no"]}" name="{ids["invoice_no"]}">')
    amount = field(
        f'<input id="{ids["amount"]}" name="{ids["amount"]}" class="{look.cls("money")}">'
    )
    reason = field(
        f'<textarea id="{ids["reason"]}" name="{ids["reason"]}" rows="3" cols="40"></textarea>'
    )

    approver = (
        field(f'<input id="{ids["approver"]}" name="{ids["approver"]}" readonly size="10">')
        + f' <button type="button" class="{look.cls("pick")}" '
        "onclick=\"window.open('/approver.do','approver','width=460,height=320')\">"
        f"{look.label('选择审批人', '选择审核人')}</button>"
    )

    def row(label: str, control: str, for_id: str | None = None) -> str:
        text = f'<label for="{for_id}">{label}</label>' if for_id else label
        return f"<tr><td>{text}</td><td>{control}</td></tr>"

    rows = [
        row(
            look.label("申请人", "报销人"),
            f'<input id="applicant" value="{escape(user)}" readonly>',
        ),
        row(look.label("部门", "所属部门"), department, ids["department"]),
        row(look.label("报销类型", "费用类别"), types),
        row(
            look.label("报销日期", "发生日期"), f"{claim_date} {calendar_button}", ids["claim_date"]
        ),
        row(look.label("发票号码", "票据号码"), invoice_no, ids["invoice_no"]),
        row(look.label("金额", "报销金额"), amount, ids["amount"]),
        row(look.label("事由", "报销事由"), reason, ids["reason"]),
        row(look.label("审批人", "审核人"), approver, ids["approver"]),
    ]
    if look.reordered:
        rows = [rows[0], rows[4], rows[5], rows[1], rows[2], rows[3], rows[6], rows[7]]
    lines_js = f"""
function addLine(){{
  var t=document.getElementById('{ids["lines"]}').tBodies[0]; var n=t.rows.length+1;
  var r=t.insertRow(-1);
  r.innerHTML='<td>'+n+'</td><td><input name="line_item" placeholder="费用项目"></td>'+
    '<td><input name="line_amount" placeholder="金额" size=10></td>'+
    '<td><a href="#" onclick="this.closest(\\'tr\\').remove();return false">删除</a></td>';
}}
function beforeSubmit(){{
  if(!document.getElementById('{ids["claim_date"]}').value){{alert('请选择报销日期');return false;}}
  return confirm('确认提交报销单？');
}}
"""
    submit_label = look.label("提交", "确认提交")
    body = (
        f'<div class="box"><h3>{look.label("报销申请单", "费用报销单")}</h3>'
        f'<form method="post" action="/claim/save.do" accept-charset="GBK" '
        f'onsubmit="return beforeSubmit()"><table class="form">{"".join(rows)}'
        f"<tr><td>{look.label('明细', '费用明细')}</td><td><table class='grid' id={ids['lines']!r}>"
        "<thead><tr><th>序号</th><th>项目</th><th>金额</th><th></th></tr></thead><tbody></tbody>"
        f"</table><button type=button id={ids['add_line']!r} class={look.cls('btn')!r} "
        f"onclick='addLine()'>{look.label('添加一行', '新增明细')}</button></td></tr>"
        f"<tr><td>{look.label('附件', '上传附件')}</td><td>"
        f"<input type=hidden id={ids['attachment_id']!r} name='attachment_id'>"
        "<iframe name='upload' src='/upload.do' style='width:420px;height:40px;border:0'></iframe>"
        "</td></tr></table>"
        f'<input type="submit" id="{look.id("submit")}" class="{look.cls("btn")}" '
        f'value="{submit_label}">'
        "</form></div><div id='calendar'></div>"
    )
    return page("报销申请", body, CALENDAR_JS + lines_js)


APPROVERS = (("王经理", "财务部"), ("李总监", "技术部"), ("赵主任", "行政部"))


def approver_picker(look: Look) -> str:
    """The popup window (``window.open``) that fills the claim form's approver and closes."""
    target = look.id("approver")
    rows = "".join(
        f"<tr><td>{name}</td><td>{dept}</td><td><a href='#' class='{look.cls('choose')}' "
        f"onclick=\"choose('{name}');return false\">{name}</a></td></tr>"
        for name, dept in APPROVERS
    )
    script = (
        "function choose(n){var f=window.opener&&window.opener.document.getElementById("
        f"'{target}');if(!f){{alert('请从报销单打开此窗口');return;}}f.value=n;"
        "f.dispatchEvent(new Event('change',{bubbles:true}));window.close();}"
    )
    return page(
        "选择审批人",
        f'<div class="box"><h3>{look.label("选择审批人", "选择审核人")}</h3>'
        "<table class='grid'><tr><th>姓名</th><th>部门</th><th>选择</th></tr>"
        f"{rows}</table></div>",
        script,
    )


def upload_form(look: Look, uploaded: str | None = None, attachment_id: str | None = None) -> str:
    if uploaded:
        script = (
            f"window.onload=function(){{parent.document.getElementById("
            f"'{look.id('attachment_id')}').value='{attachment_id}';}};"
        )
        return page("upload", f"已上传：<span id='uploaded'>{escape(uploaded)}</span>", script)
    return page(
        "upload",
        '<form method="post" action="/upload.do" enctype="multipart/form-data">'
        f'<input type="file" name="file" id="{look.id("file")}"> '
        f'<input type="submit" value="{look.label("上传", "开始上传")}"></form>',
    )


def saved(claim_no: str) -> str:
    return page(
        "提交成功",
        '<div class="box"><h3>提交成功</h3>'
        f'报销单号：<b id="claim_no">{escape(claim_no)}</b>'
        '<p><a href="/claim/list.do">查看我的报销单</a></p></div>',
    )


def claim_list(claims: list[dict], query: str, page_no: int, pages: int) -> str:
    rows = "".join(
        f"<tr><td>{escape(c['claim_no'])}</td><td>{escape(c['invoice_no'])}</td>"
        f"<td>{escape(c['amount'])}</td><td>{escape(c['claim_date'])}</td>"
        f"<td>{escape(c['department'])}</td></tr>"
        for c in claims
    )
    nav = " ".join(
        f"<a href='/claim/list.do?q={escape(query)}&page={n}'>{n}</a>"
        if n != page_no
        else f"<b>{n}</b>"
        for n in range(1, pages + 1)
    )
    return page(
        "我的报销单",
        '<div class="box"><form method="get" action="/claim/list.do">'
        f"<input name='q' value='{escape(query)}' placeholder='单号或发票号码'> "
        "<input type=submit value='查询'></form><table class='grid' id='claims'>"
        "<tr><th>单号</th><th>发票号码</th><th>金额</th><th>日期</th><th>部门</th></tr>"
        f"{rows}</table><div class='pager'>{nav}</div></div>",
    )
