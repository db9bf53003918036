enum AnalyticsPlaceholder {}
