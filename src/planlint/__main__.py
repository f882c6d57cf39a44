from planlint.console import main

main(prog_name="planlint")
