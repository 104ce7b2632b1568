@echo off
rem `mlops` in VS Code terminals on Windows; see bin/mlops.
if defined MLOPS_NODE (
  set ELECTRON_RUN_AS_NODE=1
  "%MLOPS_NODE%" "%~dp0..\dist\cli.js" %*
) else (
  node "%~dp0..\dist\cli.js" %*
)
