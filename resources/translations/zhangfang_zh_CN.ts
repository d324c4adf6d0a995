<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../app/gui/context.py" line="117"/>
        <source>Capture finished</source>
        <translation>识别完成</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="125"/>
        <source>Capture stopped</source>
        <translation>识别已停止</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="167"/>
        <source>{0} finished in {1:.1f} s</source>
        <translation>{0} 已完成，用时 {1:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="169"/>
        <source>Bot finished</source>
        <translation>机器人已完成</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="177"/>
        <source>step {0} ({1})</source>
        <translation>第 {0} 步（{1}）</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="179"/>
        <source>before the first step</source>
        <translation>第一步之前</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="182"/>
        <location filename="../../app/gui/context.py" line="193"/>
        <source>Bot failed</source>
        <translation>机器人运行失败</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="183"/>
        <source>{0} failed at {1}: {2}</source>
        <translation>{0} 在{1}失败：{2}</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="229"/>
        <source>Submission finished</source>
        <translation>提交完成</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="230"/>
        <source>{0} of {1} records are in {2}</source>
        <translation>{1} 条记录中已有 {0} 条进入 {2}</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="239"/>
        <source>Submission stopped</source>
        <translation>提交已停止</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="246"/>
        <source>{0} records from {1} files</source>
        <translation>从 {1} 个文件读出 {0} 条记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="248"/>
        <source>{0} duplicates kept aside</source>
        <translation>{0} 条重复票据已单独保留</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="250"/>
        <source>{0} files imported before</source>
        <translation>{0} 个文件此前已导入</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="252"/>
        <source>{0} could not be read</source>
        <translation>{0} 个无法读取</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="254"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="279"/>
        <source>Retried submissions</source>
        <translation>已重试提交</translation>
    </message>
    <message>
        <location filename="../../app/gui/context.py" line="280"/>
        <source>{0} of {1} records that were waiting are now in their target</source>
        <translation>等待中的 {1} 条记录里有 {0} 条已进入目标系统</translation>
    </message>
</context>
<context>
    <name>BotEditor</name>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="222"/>
        <source>Edit {0}</source>
        <translation>编辑 {0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="235"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="236"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="237"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="242"/>
        <source>Make parameter…</source>
        <translation>设为参数…</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="244"/>
        <source>Make secret…</source>
        <translation>设为密码…</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="249"/>
        <source>Locator that wins:</source>
        <translation>优先使用的定位方式：</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="310"/>
        <source>Make parameter</source>
        <translation>设为参数</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="310"/>
        <source>Parameter name:</source>
        <translation>参数名：</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="320"/>
        <source>Step {0} now uses {{{{ {1} }}}}</source>
        <translation>第 {0} 步现在使用 {{{{ {1} }}}}</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="328"/>
        <source>Make secret</source>
        <translation>设为密码</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="328"/>
        <source>Secret name:</source>
        <translation>密码名称：</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="349"/>
        <source>The keyring refused the value: {0}</source>
        <translation>系统钥匙串拒绝保存：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="352"/>
        <source>Step {0} reads secret {1} from the keyring</source>
        <translation>第 {0} 步从系统钥匙串读取密码 {1}</translation>
    </message>
</context>
<context>
    <name>BotsPage</name>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="46"/>
        <source>Bots</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="50"/>
        <source>Bot</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="50"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="50"/>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="50"/>
        <source>Last result</source>
        <translation>最近结果</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="61"/>
        <source>Record…</source>
        <translation>录制…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="62"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="63"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="64"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="65"/>
        <source>Heal</source>
        <translation>修复定位</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="71"/>
        <source>Show the browser</source>
        <translation>显示浏览器</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="109"/>
        <source>Bot files in {0}</source>
        <translation>机器人文件位于 {0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="123"/>
        <location filename="../../app/gui/screens/bots_page.py" line="128"/>
        <source>Record a bot</source>
        <translation>录制机器人</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="123"/>
        <source>Start at this address:</source>
        <translation>起始网址：</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="128"/>
        <source>Name of the new bot:</source>
        <translation>新机器人名称：</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="141"/>
        <source>Choose a bot first</source>
        <translation>请先选择一个机器人</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="155"/>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="170"/>
        <source>{0}: ok — {1} steps, {2} parameters, {3} secrets</source>
        <translation>{0}：正常 — {1} 步，{2} 个参数，{3} 个密码</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="186"/>
        <source>Run the bot first; healing uses what its last run found.</source>
        <translation>请先运行一次机器人；修复定位依据最近一次运行的结果。</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="192"/>
        <source>Nothing to heal: the last run found every element as recorded.</source>
        <translation>无需修复：最近一次运行按录制的方式找到了所有元素。</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="203"/>
        <source>{0} is running…</source>
        <translation>{0} 正在运行…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/bots_page.py" line="212"/>
        <source> (healed)</source>
        <translation>（已自动修复）</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/gui/screens/dashboard.py" line="19"/>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/dashboard.py" line="28"/>
        <source>Nothing approved yet</source>
        <translation>尚无已审核的记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/dashboard.py" line="29"/>
        <source>Spending by category (approved)</source>
        <translation>按类别统计支出（已审核）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/dashboard.py" line="30"/>
        <source>Spending by month</source>
        <translation>按月统计支出</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/dashboard.py" line="32"/>
        <source>Bot runs per week, and % that passed</source>
        <translation>每周机器人运行次数与成功率</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/dashboard.py" line="32"/>
        <source>No bot runs yet</source>
        <translation>机器人尚未运行过</translation>
    </message>
</context>
<context>
    <name>InboxPage</name>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="48"/>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="56"/>
        <source>Drop invoices, receipts, tickets or whole folders here
PDF · OFD · XML · scans · photos</source>
        <translation>把发票、收据、车票或整个文件夹拖到这里
PDF · OFD · XML · 扫描件 · 照片</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="63"/>
        <source>Import files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="66"/>
        <source>Import a folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="79"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="94"/>
        <source>Recent imports</source>
        <translation>最近导入</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="102"/>
        <source>Watching {0} for new scans</source>
        <translation>正在监视 {0} 中的新扫描件</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="106"/>
        <source>No watched folder (Settings → Watched folder)</source>
        <translation>未设置监视文件夹（设置 → 监视文件夹）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="120"/>
        <source>Import documents</source>
        <translation>导入票据</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="120"/>
        <source>Documents</source>
        <translation>票据文件</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="126"/>
        <source>Import a folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="133"/>
        <source>{0} more waiting</source>
        <translation>还有 {0} 个等待中</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="140"/>
        <source>Nothing to import in {0}</source>
        <translation>{0} 中没有可导入的文件</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="152"/>
        <source>Reading {0} ({1} of {2})</source>
        <translation>正在识别 {0}（第 {1}/{2} 个）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/inbox.py" line="159"/>
        <source>Stopping after the current file…</source>
        <translation>当前文件完成后停止…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/gui/main_window.py" line="34"/>
        <source>Zhangfang {0}</source>
        <translation>账房 {0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="55"/>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="56"/>
        <location filename="../../app/gui/main_window.py" line="123"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="57"/>
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="58"/>
        <source>Bots</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="59"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="60"/>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../app/gui/main_window.py" line="61"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>ParamsDialog</name>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="44"/>
        <source>Run {0}</source>
        <translation>运行 {0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="65"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="99"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="108"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="135"/>
        <source>Please fill in: {0}</source>
        <translation>请填写：{0}</translation>
    </message>
</context>
<context>
    <name>RecorderDialog</name>
    <message>
        <location filename="../../app/gui/recorder_dialog.py" line="31"/>
        <source>Recording {0}</source>
        <translation>正在录制 {0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/recorder_dialog.py" line="33"/>
        <source>Do the task in the browser window, then close it.</source>
        <translation>请在浏览器窗口中完成操作，然后关闭该窗口。</translation>
    </message>
    <message>
        <location filename="../../app/gui/recorder_dialog.py" line="36"/>
        <source>Closing the browser window ends the recording.</source>
        <translation>关闭浏览器窗口即结束录制。</translation>
    </message>
    <message>
        <location filename="../../app/gui/recorder_dialog.py" line="71"/>
        <source>{0} steps recorded</source>
        <translation>已录制 {0} 步</translation>
    </message>
    <message>
        <location filename="../../app/gui/recorder_dialog.py" line="76"/>
        <source>Nothing was recorded.</source>
        <translation>没有录制到任何步骤。</translation>
    </message>
    <message>
        <location filename="../../app/gui/recorder_dialog.py" line="78"/>
        <source>{0} steps written to {1}</source>
        <translation>{0} 步已写入 {1}</translation>
    </message>
    <message>
        <location filename="../../app/gui/recorder_dialog.py" line="83"/>
        <source>Recording stopped: {0}</source>
        <translation>录制已停止：{0}</translation>
    </message>
</context>
<context>
    <name>RecordsPage</name>
    <message>
        <location filename="../../app/gui/screens/records.py" line="51"/>
        <source>Records and claims</source>
        <translation>记录与报销单</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="54"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="58"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="62"/>
        <source>Seller contains…</source>
        <translation>销售方包含…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="63"/>
        <source>Dated</source>
        <translation>按日期</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="107"/>
        <source>Group into claim…</source>
        <translation>合并为报销单…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="109"/>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="112"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="121"/>
        <source>Target:</source>
        <translation>提交到：</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="141"/>
        <source>Add a target in Settings</source>
        <translation>请在设置中添加提交目标</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="166"/>
        <source>{0} records · total ¥{1}</source>
        <translation>{0} 条记录 · 合计 ¥{1}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="198"/>
        <source>Group into claim</source>
        <translation>合并为报销单</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="199"/>
        <source>Claim title:</source>
        <translation>报销单标题：</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="200"/>
        <source>Expense claim</source>
        <translation>费用报销</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="212"/>
        <source>Claim {0} holds {1} records</source>
        <translation>报销单 {0} 包含 {1} 条记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="218"/>
        <source>Export to Excel</source>
        <translation>导出到 Excel</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="218"/>
        <source>Excel workbook</source>
        <translation>Excel 工作簿</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="237"/>
        <source>Written: {0}</source>
        <translation>已写入：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="238"/>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="250"/>
        <source>Submitting {0} records to {1}…</source>
        <translation>正在向 {1} 提交 {0} 条记录…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/records.py" line="264"/>
        <source>{0} of {1} records are in {2}</source>
        <translation>{1} 条记录中已有 {0} 条进入 {2}</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../app/gui/screens/review.py" line="71"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="73"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="79"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="81"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="82"/>
        <source>Fit the page</source>
        <translation>适合页面</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="83"/>
        <source>Rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="108"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="110"/>
        <source>Approve &amp;&amp; next  (Ctrl+Enter)</source>
        <translation>审核通过并下一张（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="113"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="216"/>
        <source>Nothing waits for review</source>
        <translation>没有待审核的记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="218"/>
        <source>Import documents in the Inbox; they appear here to be checked.</source>
        <translation>在收件箱导入票据后，会在这里逐张核对。</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="229"/>
        <source>Record {0} · {1} · {2}</source>
        <translation>记录 {0} · {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="266"/>
        <source>repeats record {0}</source>
        <translation>与记录 {0} 重复</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="270"/>
        <source>looks like record {0} (same seller, amount and date)</source>
        <translation>与记录 {0} 相似（销售方、金额、日期相同）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="290"/>
        <source>confidence {0}</source>
        <translation>置信度 {0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="299"/>
        <source>This record has no document (entered from a spreadsheet).</source>
        <translation>该记录没有原始票据（由表格导入）。</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="307"/>
        <source>Loading the page…</source>
        <translation>正在加载页面…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="327"/>
        <source>The page cannot be shown: {0}</source>
        <translation>无法显示页面：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="336"/>
        <source>An electronic invoice (XML/OFD): its values were read exactly; there is no page image.</source>
        <translation>电子发票（XML/OFD）：各项数值已精确读取，没有页面图像。</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="350"/>
        <source>page {0} of {1}</source>
        <translation>第 {0}/{1} 页</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="429"/>
        <source>Saved: {0}</source>
        <translation>已保存：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/review.py" line="445"/>
        <source>{0} problems remain. Correct them, or press Ctrl+Enter again to approve anyway.</source>
        <translation>还有 {0} 个问题。请更正，或再按一次 Ctrl+Enter 强制通过。</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <location filename="../../app/gui/screens/runs.py" line="41"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/runs.py" line="58"/>
        <source>Open trace</source>
        <translation>打开跟踪记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/runs.py" line="60"/>
        <source>Open run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/runs.py" line="98"/>
        <source>No runs yet: run a bot from the tray or the Bots screen.</source>
        <translation>暂无运行记录：可从托盘或“机器人”页面运行机器人。</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/runs.py" line="110"/>
        <source> (healed)</source>
        <translation>（已自动修复）</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="48"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="56"/>
        <source>RapidOCR (PP-OCR models, built in)</source>
        <translation>RapidOCR（内置 PP-OCR 模型）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="57"/>
        <source>PaddleOCR (paddle extra)</source>
        <translation>PaddleOCR（需安装 paddle 扩展）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="60"/>
        <source>{0} — not installed</source>
        <translation>{0}（未安装）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="64"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="66"/>
        <source>SQLite in the data folder (default)</source>
        <translation>数据文件夹中的 SQLite（默认）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="69"/>
        <source>found by itself: Edge, Chrome or Chromium</source>
        <translation>自动查找：Edge、Chrome 或 Chromium</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="71"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="75"/>
        <source>OCR engine</source>
        <translation>OCR 引擎</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="76"/>
        <source>Watched folder</source>
        <translation>监视文件夹</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="77"/>
        <source>Ledger (SQLite file or PostgreSQL URL)</source>
        <translation>台账（SQLite 文件或 PostgreSQL 地址）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="78"/>
        <source>Bots folder</source>
        <translation>机器人文件夹</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="79"/>
        <source>Browser for bots</source>
        <translation>机器人使用的浏览器</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="80"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="81"/>
        <source>Start Zhangfang in the tray when I log in</source>
        <translation>登录系统时在托盘中启动账房</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="83"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="89"/>
        <source>Submission targets (TOML: one [targets.NAME] table each)</source>
        <translation>提交目标（TOML：每个目标一个 [targets.名称] 表）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="95"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="95"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="95"/>
        <source>Stored</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="103"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="104"/>
        <source>Set or replace…</source>
        <translation>设置或替换…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="105"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="112"/>
        <source>Credentials (in the OS keyring; stored passwords are never shown)</source>
        <translation>凭据（保存在系统钥匙串中；已存密码从不显示）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="120"/>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="162"/>
        <location filename="../../app/gui/screens/settings_page.py" line="197"/>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="165"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="170"/>
        <location filename="../../app/gui/screens/settings_page.py" line="180"/>
        <source>Choose the browser program</source>
        <translation>选择浏览器程序</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="172"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="173"/>
        <source>Start the browser bots will use, without a window</source>
        <translation>在后台启动机器人将使用的浏览器（不显示窗口）</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="191"/>
        <source>Bots use {0}</source>
        <translation>机器人使用 {0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="193"/>
        <source>Starting the browser…</source>
        <translation>正在启动浏览器…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="224"/>
        <source>The browser program {0} does not exist</source>
        <translation>浏览器程序 {0} 不存在</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="232"/>
        <source>The targets are not valid TOML: {0}</source>
        <translation>提交目标不是有效的 TOML：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="237"/>
        <source>Target {0} needs type = one of {1}</source>
        <translation>目标 {0} 的 type 必须是以下之一：{1}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="263"/>
        <source>The login start could not be changed: {0}</source>
        <translation>无法更改登录时启动设置：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="267"/>
        <source>Saved. The ledger and language change when Zhangfang starts again.</source>
        <translation>已保存。台账位置和语言将在重新启动账房后生效。</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="269"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="280"/>
        <source>The ledger works: {0} records</source>
        <translation>台账可用：{0} 条记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="287"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="298"/>
        <source>stored</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="299"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="300"/>
        <source>keyring unavailable</source>
        <translation>钥匙串不可用</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="305"/>
        <source>used by {0}</source>
        <translation>使用者：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="313"/>
        <location filename="../../app/gui/screens/settings_page.py" line="316"/>
        <source>Add a credential</source>
        <translation>添加凭据</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="313"/>
        <source>Service:</source>
        <translation>服务：</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="316"/>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="332"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="333"/>
        <source>Password for {0} / {1}:</source>
        <translation>{0} / {1} 的密码：</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="345"/>
        <source>The keyring refused the value: {0}</source>
        <translation>系统钥匙串拒绝保存：{0}</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="348"/>
        <source>Stored {0} / {1} in the keyring</source>
        <translation>已将 {0} / {1} 存入钥匙串</translation>
    </message>
    <message>
        <location filename="../../app/gui/screens/settings_page.py" line="357"/>
        <source>Deleted {0} / {1} from the keyring</source>
        <translation>已从钥匙串删除 {0} / {1}</translation>
    </message>
</context>
<context>
    <name>StepTable</name>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="169"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="170"/>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="171"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="172"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../app/gui/bot_dialogs.py" line="173"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../../app/gui/tray.py" line="30"/>
        <location filename="../../app/gui/tray.py" line="121"/>
        <source>Zhangfang</source>
        <translation>账房</translation>
    </message>
    <message>
        <location filename="../../app/gui/tray.py" line="51"/>
        <source>Run a bot</source>
        <translation>运行机器人</translation>
    </message>
    <message>
        <location filename="../../app/gui/tray.py" line="65"/>
        <source>Import documents…</source>
        <translation>导入票据…</translation>
    </message>
    <message>
        <location filename="../../app/gui/tray.py" line="66"/>
        <source>Open Zhangfang</source>
        <translation>打开账房</translation>
    </message>
    <message>
        <location filename="../../app/gui/tray.py" line="67"/>
        <source>Last runs</source>
        <translation>最近运行</translation>
    </message>
    <message>
        <location filename="../../app/gui/tray.py" line="70"/>
        <source>No runs yet</source>
        <translation>暂无运行记录</translation>
    </message>
    <message>
        <location filename="../../app/gui/tray.py" line="76"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../app/gui/tray.py" line="119"/>
        <source>Zhangfang — {0} is running</source>
        <translation>账房 — {0} 正在运行</translation>
    </message>
    <message>
        <location filename="../../app/gui/tray.py" line="133"/>
        <source>Click for the run&apos;s details.</source>
        <translation>点击查看运行详情。</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../app/gui/labels.py" line="8"/>
        <source>Document type</source>
        <translation>票据类型</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="9"/>
        <source>Category</source>
        <translation>费用类别</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="10"/>
        <source>Invoice code</source>
        <translation>发票代码</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="11"/>
        <source>Invoice number</source>
        <translation>发票号码</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="12"/>
        <source>Issue date</source>
        <translation>开票日期</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="13"/>
        <source>Check code</source>
        <translation>校验码</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="14"/>
        <source>Buyer</source>
        <translation>购买方</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="15"/>
        <source>Buyer tax ID</source>
        <translation>购买方税号</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="16"/>
        <source>Seller</source>
        <translation>销售方</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="17"/>
        <source>Seller tax ID</source>
        <translation>销售方税号</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="18"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="19"/>
        <source>Tax</source>
        <translation>税额</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="20"/>
        <source>Total</source>
        <translation>价税合计</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="21"/>
        <source>Total in words</source>
        <translation>大写金额</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="22"/>
        <source>Passenger</source>
        <translation>乘客</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="23"/>
        <source>From</source>
        <translation>出发地</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="24"/>
        <source>To</source>
        <translation>到达地</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="25"/>
        <source>Travel date</source>
        <translation>乘车/乘机日期</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="26"/>
        <source>Train / flight</source>
        <translation>车次/航班</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="27"/>
        <source>Seat class</source>
        <translation>座位等级</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="28"/>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="31"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="32"/>
        <location filename="../../app/gui/labels.py" line="36"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="33"/>
        <source>Claim</source>
        <translation>报销单</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="34"/>
        <source>Submitted as</source>
        <translation>提交编号</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="35"/>
        <source>Bot</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="37"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="38"/>
        <source>Duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="39"/>
        <source>Steps passed</source>
        <translation>成功步骤</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="42"/>
        <source>To review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="43"/>
        <source>Approved</source>
        <translation>已审核</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="44"/>
        <source>Submitting</source>
        <translation>提交中</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="45"/>
        <location filename="../../app/gui/labels.py" line="67"/>
        <source>Filed</source>
        <translation>已入账</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="46"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="47"/>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="48"/>
        <source>Passed</source>
        <translation>成功</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="49"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="52"/>
        <source>VAT invoice</source>
        <translation>增值税发票</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="53"/>
        <source>Train ticket</source>
        <translation>火车票</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="54"/>
        <source>Flight itinerary</source>
        <translation>航空行程单</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="55"/>
        <source>Taxi receipt</source>
        <translation>出租车票</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="56"/>
        <source>Quota invoice</source>
        <translation>定额发票</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="57"/>
        <source>Toll receipt</source>
        <translation>通行费发票</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="59"/>
        <source>Trip list</source>
        <translation>行程单</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="58"/>
        <source>Receipt</source>
        <translation>收据/小票</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="60"/>
        <source>Not recognised</source>
        <translation>未识别</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="63"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="64"/>
        <source>Sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="65"/>
        <source>Will retry</source>
        <translation>将重试</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="66"/>
        <source>Checking…</source>
        <translation>核实中…</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="68"/>
        <source>Rejected</source>
        <translation>被退回</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="69"/>
        <source>Gave up</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <location filename="../../app/gui/labels.py" line="70"/>
        <source>Not sent</source>
        <translation>未发送</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../app/gui/main.py" line="74"/>
        <source>Zhangfang cannot open its ledger</source>
        <translation>账房无法打开台账</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.py" line="105"/>
        <source>Import documents</source>
        <translation>导入票据</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.py" line="119"/>
        <source>No system tray was found: Zhangfang runs as a window; closing it quits.</source>
        <translation>未找到系统托盘：账房以窗口方式运行，关闭窗口即退出。</translation>
    </message>
</context>
</TS>
