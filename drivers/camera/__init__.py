"""Camera: OpenCvCamera over cv2.VideoCapture and Haar-cascade face presence."""
