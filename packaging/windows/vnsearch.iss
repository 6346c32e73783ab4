; Inno Setup 6 script of the vnsearch installer for 64-bit Windows.
;
; Installs the one-folder build dist\vnsearch\ (make the build on Windows first, see
; docs\packaging.md), adds a Start-menu shortcut and, unless the box is cleared, a
; desktop shortcut. The uninstaller removes the program files and asks before it
; deletes the user's data folder (index, models, accounts, settings, logs); a silent
; uninstall keeps it unless /REMOVEDATA is given.
;
; Compile from the repository root:
;   iscc packaging\windows\vnsearch.iss
;   iscc /DAppVersion=0.2.0 /DFlavor=cuda /DSplit packaging\windows\vnsearch.iss
; (The file is UTF-8 with a byte order mark, which Inno Setup needs for the Vietnamese text.)
; With a code signing certificate, also sign Setup and the uninstaller (TIMESTAMP_URL is
; the time-stamp server of the certificate's issuer; see docs\packaging.md, "Signing"):
;   iscc "/Ssigntool=signtool sign /fd SHA256 /tr TIMESTAMP_URL /td SHA256 /a $f" /DSign packaging\windows\vnsearch.iss

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; "cpu" or "cuda": only names the output file; the torch build comes from the bundle.
#ifndef Flavor
  #define Flavor "cpu"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\vnsearch"
#endif

[Setup]
; The AppId identifies the app to Windows across versions; never change it.
AppId={{6F0B7C1E-3F7A-4E55-9C52-7A1D3B5E2C90}
AppName=vnsearch
AppVersion={#AppVersion}
AppVerName=vnsearch {#AppVersion}
AppPublisher=vnsearch
DefaultDirName={autopf}\vnsearch
DefaultGroupName=vnsearch
DisableProgramGroupPage=yes
; Installs for the current user without administrator rights; the first page offers
; an installation for all users instead.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=vnsearch-{#AppVersion}-windows-x64-{#Flavor}-setup
SetupIconFile=..\icons\vnsearch.ico
UninstallDisplayIcon={app}\vnsearch.exe
UninstallDisplayName=vnsearch {#AppVersion}
WizardStyle=modern
Compression=lzma2
SolidCompression=yes
LZMAUseSeparateProcess=yes
LZMANumBlockThreads=4
; Close a running vnsearch before files are replaced or removed.
CloseApplications=yes
#ifdef Split
; Inno Setup needs slices when the compressed files exceed 4.2 GB (CUDA builds).
DiskSpanning=yes
DiskSliceSize=max
#endif
#ifdef Sign
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\vnsearch"; Filename: "{app}\vnsearch.exe"; WorkingDir: "{app}"; Comment: "Tìm kiếm tài liệu công ty / Search company documents"
Name: "{autodesktop}\vnsearch"; Filename: "{app}\vnsearch.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\vnsearch.exe"; Description: "{cm:LaunchProgram,vnsearch}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the folder itself, when the uninstaller left it empty.
Type: dirifempty; Name: "{app}"

[Code]
const
  // vnsearch.config uses platformdirs.user_data_dir("vnsearch", appauthor=False).
  DataFolderName = 'vnsearch';
  // vnsearch.gui.data_location: a data folder chosen in the settings, stored in the
  // user config folder, which on Windows is the default data folder too.
  PointerFile = 'data-folder.txt';
  NewLine = #13#10;

function DefaultDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\') + DataFolderName;
end;

// Returns the data folder chosen in the app's settings, or '' when none was chosen.
// NOTE: the app writes the pointer as UTF-8 without a byte order mark, which
// LoadStringsFromFile may read as ANSI, so a path with Vietnamese letters is not found.
function ChosenDataDir(): String;
var
  Lines: TArrayOfString;
begin
  Result := '';
  if LoadStringsFromFile(AddBackslash(DefaultDataDir()) + PointerFile, Lines) then
    if GetArrayLength(Lines) > 0 then
      Result := RemoveBackslashUnlessRoot(Trim(Lines[0]));
end;

// Deletes what vnsearch writes into a data folder, then the folder when it is empty.
// A folder that the user chose may hold other files, so only known names are removed.
procedure DeleteDataFolder(Dir: String);
var
  Base: String;
begin
  Base := AddBackslash(Dir);
  DelTree(Base + 'index', True, True, True);
  DelTree(Base + 'models', True, True, True);
  DelTree(Base + 'logs', True, True, True);
  DelTree(Base + 'hub-cache', True, True, True);
  DelTree(Base + 'finetune-runs', True, True, True);
  DelTree(Base + 'reports', True, True, True);
  DeleteFile(Base + 'app.db');
  DeleteFile(Base + 'app.db-wal');
  DeleteFile(Base + 'app.db-shm');
  DeleteFile(Base + 'settings.json');
  DeleteFile(Base + 'settings.json.tmp');
  DeleteFile(Base + PointerFile);
  RemoveDir(Dir);
end;

function RemoveDataRequested(): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/REMOVEDATA') = 0 then
      Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DefaultDir, ChosenDir, Folders: String;
  Remove: Boolean;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DefaultDir := DefaultDataDir();
  ChosenDir := ChosenDataDir();
  if CompareText(ChosenDir, DefaultDir) = 0 then
    ChosenDir := '';
  Folders := '';
  if DirExists(DefaultDir) then
    Folders := Folders + '  ' + DefaultDir + NewLine;
  if (ChosenDir <> '') and DirExists(ChosenDir) then
    Folders := Folders + '  ' + ChosenDir + NewLine;
  if Folders = '' then
    Exit;

  if UninstallSilent then
    Remove := RemoveDataRequested()
  else
    Remove := MsgBox(
      'Xóa luôn chỉ mục, mô hình, tài khoản và cài đặt của vnsearch?' + NewLine +
      'Delete the vnsearch index, models, accounts and settings too?' + NewLine + NewLine +
      Folders + NewLine +
      'Chọn "No" để giữ lại cho lần cài đặt sau.' + NewLine +
      'Choose "No" to keep them for a later installation.',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  if not Remove then
    Exit;

  // The chosen folder first: its pointer file lives in the default folder.
  if (ChosenDir <> '') and DirExists(ChosenDir) then
    DeleteDataFolder(ChosenDir);
  if DirExists(DefaultDir) then
    DeleteDataFolder(DefaultDir);
end;
