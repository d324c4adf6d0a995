; Zhangfang (账房) for Windows — an Inno Setup 6.3+ script (https://jrsoftware.org/ishelp/).
;
; Installs the PyInstaller bundle (dist\zhangfang, made by build.ps1) for the current user:
; no administrator rights, into %LOCALAPPDATA%\Programs\Zhangfang, with a Start-menu entry,
; an optional desktop icon, an optional start-at-login entry and an uninstaller
; (Settings → Apps). Build it with installer\windows\build.ps1, which passes the version:
;
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\zhangfang installer\windows\zhangfang.iss
;
; The start-at-login entry is written and removed by the program itself
; (`zhangfang-cli autostart on|off`, app/platform/autostart.py), so the installer and the switch in
; Settings → Start at login are one and the same thing.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\zhangfang"
#endif
#define AppName "Zhangfang"
#define AppExe "zhangfang.exe"
#define CliExe "zhangfang-cli.exe"
#define ChineseIsl AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"

[Setup]
; the AppId ties upgrades and the uninstaller together: never change it
AppId={{6F0B7C52-3A9E-4C1B-9E1D-2A7B5C8D4E31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Zhangfang team
; per user: no UAC prompt, {autopf} is %LOCALAPPDATA%\Programs in this mode
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
SetupIconFile=..\..\build\icons\zhangfang.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} (账房)
OutputDir=..\..\dist
OutputBaseFilename=zhangfang-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
; a running tray would hold its files: offer to close it, and start it again afterwards
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; shipped with recent Inno Setup releases; older ones need the file from the translations page
#if FileExists(ChineseIsl)
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.AutoStart=Start Zhangfang in the tray when I log in
english.StartZhangfang=Start Zhangfang now
#if FileExists(ChineseIsl)
chinesesimplified.AutoStart=登录时在托盘中启动账房
chinesesimplified.StartZhangfang=现在启动账房
#endif

[Tasks]
Name: "autostart"; Description: "{cm:AutoStart}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole one-folder bundle: zhangfang.exe (desktop), zhangfang-cli.exe (console), _internal\
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the bundle whole: files a newer version dropped must not linger
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "gui --show"; Comment: "账房 — invoices in, expense records out"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "gui --show"; Tasks: desktopicon

[Run]
Filename: "{app}\{#CliExe}"; Parameters: "autostart on"; Tasks: autostart; Flags: runhidden
Filename: "{app}\{#CliExe}"; Parameters: "autostart off"; Tasks: not autostart; Flags: runhidden
Filename: "{app}\{#AppExe}"; Parameters: "gui --show"; Description: "{cm:StartZhangfang}"; Flags: postinstall nowait skipifsilent

[UninstallRun]
; before the files go: remove the start-at-login entry the program wrote
Filename: "{app}\{#CliExe}"; Parameters: "autostart off"; Flags: runhidden; RunOnceId: "AutostartOff"

; Records, settings, bots and logs are in %LOCALAPPDATA%\zhangfang and are kept on purpose:
; reinstalling finds them again. Passwords stay in Windows Credential Manager.
