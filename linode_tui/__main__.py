from linode_tui.cli import main

raise SystemExit(main())
