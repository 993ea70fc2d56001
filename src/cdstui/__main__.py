from cdstui.cli import main

raise SystemExit(main())
