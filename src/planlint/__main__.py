from planlint.cli import main

main(prog_name="planlint")
