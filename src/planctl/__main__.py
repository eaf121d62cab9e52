from planctl.cli.main import main

main()
