@_exported import ReviewFormats
