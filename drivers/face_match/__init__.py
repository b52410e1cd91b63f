"""Face against the document: dlib face descriptors (the dlib-bin wheel) compared on the CPU."""
