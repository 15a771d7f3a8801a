"""Track the next moves: a watch over folders and feeds, signals an analyst writes, the alerts they fire,
each party's red lines against the proposals, and the commitments of agreements against later reports."""
