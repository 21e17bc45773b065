; DeskSeek's Windows installer (NSIS 3, Modern UI 2), for one user: no administrator rights.
; Installs PAYLOAD (the folder windeployqt filled: deskseek.exe, deskseek-cli.exe, Qt's DLLs and
; plugins, libtorch's DLLs) into %LOCALAPPDATA%\Programs\DeskSeek, with Start-menu and desktop
; shortcuts, "Start DeskSeek when I log in" (the HKCU Run key, as Settings → Server writes it),
; and an uninstaller that keeps the models and chats unless its box is ticked. English and
; Simplified Chinese, picked from the Windows language.
;   makensis /DPAYLOAD=<folder> /DVERSION=0.1.0 /DOUTFILE=<DeskSeek-0.1.0-setup.exe> deskseek.nsi
; Silent: setup.exe /S [/AUTOSTART] [/D=<folder>]; uninstall.exe /S [/DELETEDATA].

Unicode true
Target amd64-unicode
!include "MUI2.nsh"
!include "FileFunc.nsh"

!ifndef PAYLOAD
  !error "PAYLOAD must name the folder to install (makensis /DPAYLOAD=...)"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "DeskSeek-${VERSION}-setup.exe"
!endif

!define APP "DeskSeek"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\DeskSeek"
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\DeskSeek"
InstallDirRegKey HKCU "Software\DeskSeek\Installer" "Folder"
RequestExecutionLevel user
SetCompressor /SOLID lzma

!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_FINISHPAGE_RUN "$INSTDIR\deskseek.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString NameApp ${LANG_ENGLISH} "DeskSeek"
LangString NameApp ${LANG_SIMPCHINESE} "DeskSeek"
LangString NameDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString NameDesktop ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString NameAutostart ${LANG_ENGLISH} "Start DeskSeek when I log in"
LangString NameAutostart ${LANG_SIMPCHINESE} "登录时启动 DeskSeek"
LangString NameUninstall ${LANG_ENGLISH} "Uninstall DeskSeek"
LangString NameUninstall ${LANG_SIMPCHINESE} "卸载 DeskSeek"
LangString NameProgram ${LANG_ENGLISH} "DeskSeek (the program)"
LangString NameProgram ${LANG_SIMPCHINESE} "DeskSeek（程序）"
LangString NameData ${LANG_ENGLISH} "Also delete my models, chats and settings"
LangString NameData ${LANG_SIMPCHINESE} "同时删除我的模型、聊天记录和设置"

Section "!$(NameApp)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\DeskSeek"
  CreateShortcut "$SMPROGRAMS\DeskSeek\DeskSeek.lnk" "$INSTDIR\deskseek.exe"
  CreateShortcut "$SMPROGRAMS\DeskSeek\$(NameUninstall).lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\DeskSeek\Installer" "Folder" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "DeskSeek"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "DeskSeek"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\deskseek.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "$(NameDesktop)" SecDesktop
  CreateShortcut "$DESKTOP\DeskSeek.lnk" "$INSTDIR\deskseek.exe"
SectionEnd

; The same entry DeskSeek's own setting writes (settings/autostart.cpp): in the tray at login.
Section "$(NameAutostart)" SecAutostart
  WriteRegStr HKCU "${RUN_KEY}" "DeskSeek" '"$INSTDIR\deskseek.exe" --background'
SectionEnd

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  ; Off unless chosen (or /AUTOSTART given): starting at login is the user's decision.
  SectionSetFlags ${SecAutostart} 0
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/AUTOSTART" $1
  IfErrors +2 0
    SectionSetFlags ${SecAutostart} ${SF_SELECTED}
FunctionEnd

Section "un.$(NameProgram)" UnSecApp
  SectionIn RO
  Delete "$DESKTOP\DeskSeek.lnk"
  RMDir /r "$SMPROGRAMS\DeskSeek"
  DeleteRegValue HKCU "${RUN_KEY}" "DeskSeek"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\DeskSeek\Installer"
  RMDir /r "$INSTDIR"
SectionEnd

; Models (often many GB), chats and settings stay unless this is ticked (or /DELETEDATA given).
Section /o "un.$(NameData)" UnSecData
  RMDir /r "$LOCALAPPDATA\DeskSeek"
  DeleteRegKey HKCU "Software\DeskSeek"
SectionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  IfErrors +2 0
    SectionSetFlags ${UnSecData} ${SF_SELECTED}
FunctionEnd
