from planctl.cli.main import entry

entry()
