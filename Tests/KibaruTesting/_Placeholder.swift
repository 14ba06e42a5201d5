enum _TestingPlaceholder {}
import HummingbirdTesting
