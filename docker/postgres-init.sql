-- Rasa's SQL tracker store gets its own database beside the case service's.
CREATE DATABASE rasa_tracker;
