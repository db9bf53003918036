import CCurl
enum HTTPClientPlaceholder {}
