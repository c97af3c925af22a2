"""Every write hclic makes: a quarter's submission snapshot."""
