from talentcenter.cli import main

main()
