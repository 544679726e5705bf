import ReviewExportCLI

ReviewExportTool.main()
