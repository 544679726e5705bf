import ICalendarExporter
import ReviewExportCLI

// Every built-in format, plus ics.
ReviewExportTool.main(adding: [ICalendarExporter()])
