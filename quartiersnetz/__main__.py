from quartiersnetz.cli import main

main()
