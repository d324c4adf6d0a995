# Build the Windows installer: dist\zhangfang-<version>-windows-x64-setup.exe
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
#
# Needs: 64-bit Python 3.11 (python.org or `py -3.11`) and Inno Setup 6.3+ (iscc.exe on the
# PATH or in its default folder). On a CI runner (GitHub Actions windows-latest):
#   - uses: actions/setup-python@v5   with: { python-version: "3.11" }
#   - run: choco install innosetup --no-progress -y      (skip when the image has it)
#   - run: powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
#   - uses: actions/upload-artifact@v4  with: { path: dist/*-setup.exe }
# The steps mirror installer/linux/build.sh; see installer/README.md.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Step($text) { Write-Host "`n== $text" }
function Run($exe) {
    & $exe @args
    if ($LASTEXITCODE -ne 0) { throw "$exe $args failed with exit code $LASTEXITCODE" }
}

$version = (Select-String -Path app\__init__.py -Pattern '__version__ = "(.+)"').Matches[0].Groups[1].Value
$venv = "build\bundle-venv"
$python = "$venv\Scripts\python.exe"

Step "build environment ($venv)"
if (-not (Test-Path $python)) {
    if (Get-Command py -ErrorAction SilentlyContinue) { Run py -3.11 -m venv $venv }
    else { Run python -m venv $venv }
}
Run $python -m pip install -q --upgrade pip
# runtime dependencies only: no paddle (a second OpenCV), no test tools
Run $python -m pip install -q -e ".[postgres]" "pyinstaller==6.22.*" "pyinstaller-hooks-contrib>=2026.9"

Step "translations and icons"
Run "$venv\Scripts\pyside6-lrelease.exe" -silent resources\translations\zhangfang_zh_CN.ts
$env:QT_QPA_PLATFORM = "offscreen"
Run $python installer\make_icons.py build\icons
Remove-Item Env:QT_QPA_PLATFORM

Step "PyInstaller"
Run $python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller installer\zhangfang.spec
Run $python installer\check_bundle.py dist\zhangfang

Step "smoke test of the bundle"
$cli = "dist\zhangfang\zhangfang-cli.exe"
$out = & $cli --version
if ($out -notmatch "^zhangfang $version") { throw "zhangfang-cli --version said: $out" }
$sample = "dist\zhangfang\_internal\resources\samples\01-vat_invoice-text.pdf"
$json = (& $cli capture $sample --json -q) -join "`n" | ConvertFrom-Json
if ($json[0].invoice_number -ne "24317536455681518844") { throw "the sample was not read: $json" }
& $cli browser   # Edge is on every Windows 10/11; says what to install otherwise

Step "Inno Setup"
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    $iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $iscc) { throw "Inno Setup 6 (iscc.exe) not found: install it from https://jrsoftware.org/isdl.php" }
Run $iscc /Q "/DAppVersion=$version" "/DSourceDir=..\..\dist\zhangfang" installer\windows\zhangfang.iss

Get-Item "dist\zhangfang-$version-windows-x64-setup.exe" | ForEach-Object {
    Write-Host ("installer: {0} ({1:N0} MB)" -f $_.FullName, ($_.Length / 1MB))
}
